"""The OpenAPI 3 description of the JSON API (served at /openapi.json)."""

from __future__ import annotations

from typing import Any

from indexer.article import ARTICLE_KEYS
from indexer.fields import FIELDS, Registry

_STRING_LIST = {"type": "array", "items": {"type": "string"}}
_NULLABLE_STRING = {"type": ["string", "null"]}
_COUNT = {
    "type": "object",
    "properties": {"value": {"type": "string"}, "count": {"type": "integer"}},
    "required": ["value", "count"],
}
_ERROR = {
    "description": "A bad request (malformed query, bad parameter, a pattern that expands to too many terms) "
    "or a query past its deadline (503)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_BUSY = {
    "description": "Too many queries in flight from this client; retry after the Retry-After seconds",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _param(name: str, description: str, schema: dict[str, Any], *, many: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "in": "query", "required": False, "description": description}
    body["schema"] = {"type": "array", "items": schema} if many else schema
    if many:
        body["style"], body["explode"] = "form", True
    return body


_TEXT = _param("q", "Whoosh query syntax, at most 500 characters", {"type": "string", "maxLength": 500})
_PAGING = [
    _param("limit", "Hits per page", {"type": "integer", "minimum": 1, "maximum": 100}),
    _param("page", "Page number", {"type": "integer", "minimum": 1, "maximum": 10000}),
    _param("sort", "Order", {"type": "string", "enum": ["relevance", "date"]}),
]
_DATES = [
    _param("from", "Published on or after (2016, 2016-10, 2016-10-17)", {"type": "string"}),
    _param("to", "Published on or before", {"type": "string"}),
]


def filter_parameters(registry: Registry = FIELDS) -> list[dict[str, Any]]:
    """One repeatable parameter per filter of the registry."""
    return [
        _param(
            str(facet.param),
            f"Only articles with this {facet.param}, any spelling; repeat to combine with AND",
            {"type": "string"},
            many=True,
        )
        for facet in registry.filters
    ]


_WITHIN = _param("within", "place also matches places inside it", {"type": "string", "enum": ["1", "0"]})


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def openapi_document(registry: Registry = FIELDS) -> dict[str, Any]:
    filters = filter_parameters(registry)
    facets = registry.facet_fields
    article_props: dict[str, Any] = {key: _NULLABLE_STRING for key in ARTICLE_KEYS}
    article_props.update(
        byline=_STRING_LIST,
        people=_STRING_LIST,
        places=_STRING_LIST,
        organisations=_STRING_LIST,
        captions=_STRING_LIST,
        sections={"type": "array", "items": {"type": "object"}},
        quotes={"type": "array", "items": {"type": "object"}},
        comments={"type": "array", "items": {"type": "object"}},
        id={"type": "string"},
        path={"type": "string"},
        format={"type": "string"},
        body={"type": "string"},
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "dateline",
            "version": "0.1.0",
            "description": "Search a news archive: hits, facets, quotes.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Full-text search with filters and facet counts",
                    "parameters": [
                        _TEXT,
                        *filters,
                        _WITHIN,
                        *_DATES,
                        *_PAGING,
                        _param(
                            "facets",
                            "Top N values per facet",
                            {"type": "integer", "minimum": 0, "maximum": 100},
                        ),
                        _param(
                            "facet",
                            "Count only these facets (default: every facet)",
                            {"type": "string", "enum": list(registry.facet_names)},
                            many=True,
                        ),
                    ],
                    "responses": {
                        "200": _json("#/components/schemas/Results", "Hits and facets"),
                        "400": _ERROR,
                        "429": _BUSY,
                        "503": _ERROR,
                    },
                }
            },
            "/api/articles/{id}": {
                "get": {
                    "summary": "One article with all its fields",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": _json("#/components/schemas/Article", "The article"),
                        "404": _ERROR,
                        "400": _ERROR,
                        "429": _BUSY,
                        "503": _ERROR,
                    },
                }
            },
            "/api/facets/{field}": {
                "get": {
                    "summary": "Every value of one facet with its count",
                    "parameters": [
                        {
                            "name": "field",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": [*facets, *facets.values()]},
                        },
                        _TEXT,
                        *filters,
                        _WITHIN,
                        *_DATES,
                        _param("inside", "places only: the places inside this one", {"type": "string"}),
                    ],
                    "responses": {
                        "200": _json("#/components/schemas/Facet", "Values and counts"),
                        "400": _ERROR,
                        "429": _BUSY,
                        "503": _ERROR,
                    },
                }
            },
            "/api/quotes": {
                "get": {
                    "summary": "Direct quotes with their speakers",
                    "parameters": [
                        _TEXT,
                        _param("speaker", "Only quotes by this person", {"type": "string"}, many=True),
                        _param("source", "Only quotes from this source", {"type": "string"}, many=True),
                        *_DATES,
                        *_PAGING,
                    ],
                    "responses": {
                        "200": _json("#/components/schemas/Quotes", "Quotes"),
                        "400": _ERROR,
                        "429": _BUSY,
                        "503": _ERROR,
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness, and how many articles the index holds",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "status": {"type": "string"},
                                            "articles": {"type": "integer"},
                                        },
                                        "required": ["status", "articles"],
                                    }
                                }
                            },
                        },
                        "503": _ERROR,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
                    "required": ["error", "status"],
                },
                "Hit": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "score": {"type": ["number", "null"]},
                        "headline": _NULLABLE_STRING,
                        "byline": _STRING_LIST,
                        "date": _NULLABLE_STRING,
                        "source": _NULLABLE_STRING,
                        "places": _STRING_LIST,
                        "people": _STRING_LIST,
                        "snippet": {"type": "string"},
                    },
                    "required": [
                        "id",
                        "score",
                        "headline",
                        "byline",
                        "date",
                        "source",
                        "places",
                        "people",
                        "snippet",
                    ],
                },
                "Results": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "limit": {"type": "integer"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": _COUNT},
                        },
                    },
                    "required": ["query", "total", "page", "limit", "hits", "facets"],
                },
                "Facet": {
                    "type": "object",
                    "properties": {"facet": {"type": "string"}, "values": {"type": "array", "items": _COUNT}},
                    "required": ["facet", "values"],
                },
                "Quote": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "speaker": _NULLABLE_STRING,
                        "headline": _NULLABLE_STRING,
                        "date": _NULLABLE_STRING,
                        "source": _NULLABLE_STRING,
                        "article_id": {"type": "string"},
                        "position": {"type": "integer"},
                    },
                    "required": ["text", "speaker", "headline", "date", "source", "article_id", "position"],
                },
                "Quotes": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "limit": {"type": "integer"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}},
                    },
                    "required": ["query", "total", "page", "limit", "hits"],
                },
                "Article": {"type": "object", "properties": article_props, "required": list(ARTICLE_KEYS)},
            }
        },
    }
