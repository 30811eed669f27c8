"""Placeholder peer script for ArrowCompressionTests (replaced by the tests' author)."""
