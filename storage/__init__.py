"""Where things are kept: the Kafka topics (created with their partitions and retention), one small class per
Elasticsearch index (submissions, statuses, prize entries), and the dashboard's users file. Clients come from
schemas/clients.py; the documents' models and mappings from schemas/."""
