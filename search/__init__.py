"""Japanese search over the directory (Whoosh): see README "Search".

indexer.build_index(resources, index_dir, data_dir)  – one index per city, atomic
searcher.Searcher(index_dir, data_dir).search(city, q, …) -> SearchResponse
analysis / reading / synonyms / query / suggest        – normalisation, Sudachi readings,
                                                          data/synonyms.csv, Query objects, もしかして
"""
