"""The API's routers: the Council record, news and positions, writes."""
