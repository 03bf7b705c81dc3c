// Integrations: see issue 7.
