"""Scripts that run in a fresh interpreter and print one JSON result line."""
