"""Offline tools that build data files (the tagger's phrase lists and profile) or check them (translation
catalogs). Nothing at run time imports them."""
