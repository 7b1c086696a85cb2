"""Every write to the Quads, one module per process: quads (a cycle's Quads and what their meetings agreed),
meetings (scheduling a Quad's meeting), cycles (starting a cycle), self_evaluation (frameworks, grades), guidance
(the Quads guidance's versions). Callers import the process module: `from quads.services import meetings`, then
`meetings.schedule_meeting(...)`."""
