"""The Hugging Face dataset: building the folder (`parley build`) and reading records back from it.

Import from the modules (`parley.corpus.dataset.loading.load_records`, `...build.build_dataset`): this package
imports nothing itself, so that `parley`'s other commands do not pay for importing `datasets`.
"""
