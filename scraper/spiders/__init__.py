"""Spiders of the songlists project (`scrapy list`)."""
