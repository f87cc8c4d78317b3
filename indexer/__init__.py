"""Keep the Elasticsearch index in step with the tagged topic."""
