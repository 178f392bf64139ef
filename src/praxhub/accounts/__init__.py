"""People: sign-in, curator permissions and the consent-based experts directory."""
