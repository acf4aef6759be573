from django.db import models


class Level(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "区县"
    TOWNSHIP = "township", "乡镇街道"
    VILLAGE = "village", "村社区"
