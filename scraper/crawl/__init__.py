"""The Scrapy components of a crawl: items, pipelines, middlewares, download handlers, the HTTP
and extraction caches, navigation (which link is what), extraction and its worker processes,
failure kinds, monitors."""
