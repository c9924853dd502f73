"""Built episodes out to the listener: storage (a folder or S3), episode pages, the feed, its checks."""
