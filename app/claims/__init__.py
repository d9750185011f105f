"""Claims: every outlet's report of the same commitment or event gathered in one place.

Nothing outside this package imports it except the fact store's write hook
(`joining`) and the app's router registration.
"""
