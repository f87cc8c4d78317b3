"""WSIS Prizes: the prizes worker (app.py) and the pure rules it applies (eligibility, assignment, standings,
voting), which the organiser and judge actions (producers/prize_actions.py) reuse."""
