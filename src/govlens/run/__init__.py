"""Run: the unit of work ("assess one site") and the loop that runs it over a catalog."""
