"""Unit tests that kill mutants of iopdir checklist (./dev mutation): behaviour no other test checked."""
