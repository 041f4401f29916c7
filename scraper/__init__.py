"""The Scrapy project: spiders navigate the RAG Music sites, `parsers` extracts, pipelines write JSONL."""

__version__ = "0.1.0"
