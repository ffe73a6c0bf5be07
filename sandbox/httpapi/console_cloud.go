package httpapi

// SCAFFOLD (issue 10, groups-and-payment-methods helper).

// cloudRoutes are KakaoCloud's billing console: organisation, billing
// groups, payment methods and projects.
func (s *Server) cloudRoutes() routes { return routes{} }
