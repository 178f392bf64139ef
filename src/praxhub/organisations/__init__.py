"""Organisations and initiatives: the registry shipped as data, bodies found in documents, and every mention."""
