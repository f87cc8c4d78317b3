FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY wsis wsis
COPY producers producers
COPY streams streams
COPY indexer indexer
COPY dashboard dashboard
COPY schemas schemas
RUN pip install --no-cache-dir .
ENTRYPOINT ["wsis"]
