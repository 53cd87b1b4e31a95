"""Middleware for measuring: the number of SQL queries a request made, as a header.

Only installed when ACADEMY_QUERY_COUNT_HEADER=1 (`make bench` sets it); never needed
in production. The count covers the whole request, middleware included.
"""

from django.db import connections


class QueryCountHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
            if getattr(response, "streaming", False):
                return response
        response["X-Query-Count"] = str(count)
        return response
