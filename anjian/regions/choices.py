from django.db import models

from anjian.standards import region_code


class Level(models.TextChoices):
    PROVINCE = region_code.PROVINCE, "省"
    CITY = region_code.CITY, "市"
    COUNTY = region_code.COUNTY, "区县"
    TOWNSHIP = region_code.TOWNSHIP, "乡镇街道"
    VILLAGE = region_code.VILLAGE, "村社区"
