"""WSIS Prizes, the rules: eligibility, judge assignment, standings, voting, and the state that events build.
Pure logic, with no Faust, Kafka or Elasticsearch: the prizes worker (streams/prizes_app.py) applies it, and the
organiser and judge actions (producers/prize_actions.py) reuse it."""
