"""Reading the area-based approach, one module per subject.

- `areas`: which areas a user may open, an area's sub-areas, outline and premises
- `incidents`: an area's incidents as arrays, monthly trends, hot spots and emerging hot spots
- `quickscan`: the area page (trends, hot spots, open signals and cases, premises, reports)
- `plans`: hot-spot plans and the progress of their goals
- `inspections`: joint inspections, their findings and the addresses to choose from
- `owners`: owners tied to several problem premises
- `chronicle`: the kroniek, assembled from what the user may see
- `public`: a public plan's results for residents (aggregates only)

Case data is read only through `access.policy`; where a role sees no case data (the analyst),
it gets counts without identity — the same aggregates the dashboard shows.
"""
