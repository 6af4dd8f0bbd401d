"""The assessment table and the progress board (创建进度).

``cases/campaign.yml`` holds the campaign and its assessment table; each unit's
``cases/<unit>/progress.yml`` its progress on the table's items. ``schema``
declares both files, ``schedule`` computes the backward schedule (倒排工期),
``check`` reads and validates the files, ``board`` joins everything into the
model the pages, the meeting report and the spreadsheet use.
"""
