"""`scv evaluate`: measure what the warehouse built against the generator's ground truth."""
