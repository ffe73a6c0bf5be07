package httpapi

// SCAFFOLD (issue 10, calendar helper).

// cloudInvoiceRoutes are KakaoCloud's invoices, on the console surface.
func (s *Server) cloudInvoiceRoutes() routes { return routes{} }

// cloudControlRoutes are the control plane's usage and deposits, which
// stand in for KakaoCloud's metering and the bank.
func (s *Server) cloudControlRoutes() routes { return routes{} }
