package httpapi

// SCAFFOLD (issue 9, charges-and-refunds helper).

// consoleMoneyRoutes are the console's charges, refund account and refunds.
func (s *Server) consoleMoneyRoutes() routes { return routes{} }
