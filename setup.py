# Metadata is in pyproject.toml. This file only lets `scrapyd-deploy` build the project's egg
# (`setup.py bdist_egg`) instead of writing a setup.py of its own here.
from setuptools import setup

setup()
