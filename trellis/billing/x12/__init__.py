"""ASC X12 005010 claim writers: 837P (005010X222A1) and 837I (005010X223A2). Pure; no Django.

`claims` holds the dataclasses a caller fills in, `claim_837p` / `claim_837i` render one interchange file
holding many claims for one payer, `envelope` wraps transaction sets in ISA/GS/ST and their trailers.
"""
