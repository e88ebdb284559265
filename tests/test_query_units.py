"""Unit tests that kill mutants of iopdir query (./dev mutation): behaviour no other test checked."""
