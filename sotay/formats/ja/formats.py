# Django's Japanese formats show the year first (1930/03/02), but set no input formats, so typed
# dates fell back to the global list and its US month/day order.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"]
