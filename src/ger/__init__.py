"""GER, the Global Exploration Roadmap platform."""
