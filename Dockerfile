FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas schemas
COPY tagging tagging
COPY prizes prizes
COPY storage storage
COPY search search
COPY reports reports
COPY wsis wsis
COPY producers producers
COPY streams streams
COPY indexer indexer
COPY dashboard dashboard
RUN pip install --no-cache-dir .
ENTRYPOINT ["wsis"]
