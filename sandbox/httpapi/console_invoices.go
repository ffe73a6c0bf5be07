package httpapi

// SCAFFOLD (issue 9, tax-invoices helper).

// consoleInvoiceRoutes are the console's tax invoices and the requests that
// Kakao reviews.
func (s *Server) consoleInvoiceRoutes() routes { return routes{} }
