"""Ad audiences: export the warehouse's audiences in the upload formats of ad platforms."""
