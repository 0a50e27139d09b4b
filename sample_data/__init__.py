"""The bundled ĐT342 sample: its generator, the files users receive, and the ready project."""
