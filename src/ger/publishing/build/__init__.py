"""Building an edition into its document, static site and data release."""
