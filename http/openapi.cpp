#include "http/openapi.hpp"

namespace shardline::http {

namespace {

// Kept as JSON text, the form readers compare with docs/API.md; a test parses it.
constexpr std::string_view document = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "shardline",
    "version": "0.1.0",
    "description": "Runs a test suite in parallel across workers: sessions, workers, results and live events. Every non-2xx answer has the Error body. JSON bodies need Content-Type: application/json (else 415 unsupported_media_type). A Host header that does not name the server is 403 forbidden_host, and a request from a web page of another origin than the server's own or one given with --allowed-origin is 403 forbidden_origin (every route but /healthz); allowed origins get CORS headers and OPTIONS preflight answers."
  },
  "security": [{"bearer": []}],
  "paths": {
    "/api/execution/parallel": {
      "get": {
        "summary": "Sessions, newest first",
        "responses": {
          "200": {"description": "Every session's status", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ExecutionSession"}}}}},
          "401": {"$ref": "#/components/responses/Error"}
        }
      },
      "post": {
        "summary": "Start a parallel execution",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StartRequest"}}}},
        "responses": {
          "201": {"description": "Started", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionStarted"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/execution/parallel/{sessionId}/status": {
      "parameters": [{"$ref": "#/components/parameters/sessionId"}],
      "get": {
        "summary": "Progress of a session",
        "responses": {
          "200": {"description": "Status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExecutionSession"}}}},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/execution/parallel/{sessionId}/results": {
      "parameters": [{"$ref": "#/components/parameters/sessionId"}],
      "get": {
        "summary": "Every attempt's result",
        "parameters": [{"name": "status", "in": "query", "required": false, "schema": {"$ref": "#/components/schemas/TestStatus"}}],
        "responses": {
          "200": {"description": "Results", "content": {"application/json": {"schema": {"type": "object", "required": ["sessionId", "results"], "properties": {"sessionId": {"type": "string"}, "results": {"type": "array", "items": {"$ref": "#/components/schemas/TestResult"}}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/execution/parallel/{sessionId}/cancel": {
      "parameters": [{"$ref": "#/components/parameters/sessionId"}],
      "post": {
        "summary": "Cancel: running tests are stopped (their process groups killed)",
        "responses": {
          "200": {"description": "Cancelled", "content": {"application/json": {"schema": {"type": "object", "properties": {"sessionId": {"type": "string"}, "status": {"$ref": "#/components/schemas/SessionStatus"}}}}}},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/execution/parallel/{sessionId}/resume": {
      "parameters": [{"$ref": "#/components/parameters/sessionId"}],
      "post": {
        "summary": "Resume a kept session that did not complete: a new session (resumedFrom) runs only its tests without a final result; its final results count in the new one (docs/API.md, Resume)",
        "responses": {
          "201": {"description": "The new session started", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionStarted"}}}},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "500": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/execution/parallel/{sessionId}/events": {
      "parameters": [{"$ref": "#/components/parameters/sessionId"}],
      "get": {
        "summary": "Server-sent events: progress, result, shard, worker (as registered, no currentTests), session; the current state first",
        "responses": {
          "200": {"description": "An event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/execution/parallel/strategies/preview": {
      "post": {
        "summary": "Preview a distribution without running it",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PreviewRequest"}}}},
        "responses": {
          "200": {"description": "The shards", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Preview"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/workers/register": {
      "post": {
        "summary": "Register an HTTP worker agent",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkerRegistration"}}}},
        "responses": {
          "201": {"description": "Registered", "content": {"application/json": {"schema": {"type": "object", "required": ["workerId", "agentSecret", "heartbeatIntervalMs", "heartbeatTimeoutMs"], "properties": {"workerId": {"type": "string"}, "agentSecret": {"type": "string", "description": "64 hex digits; sent back in X-Shardline-Agent-Secret by the agent's heartbeats, results and drain"}, "heartbeatIntervalMs": {"type": "integer"}, "heartbeatTimeoutMs": {"type": "integer"}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/workers/{workerId}/heartbeat": {
      "parameters": [{"$ref": "#/components/parameters/workerId"}, {"$ref": "#/components/parameters/agentSecret"}],
      "post": {
        "summary": "Heartbeat; the answer carries the tests to run",
        "responses": {
          "200": {"description": "Alive", "content": {"application/json": {"schema": {"type": "object", "required": ["status", "assignments"], "properties": {"status": {"type": "string", "enum": ["idle", "busy"]}, "assignments": {"type": "array", "items": {"$ref": "#/components/schemas/Assignment"}}}}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/workers/{workerId}/result": {
      "parameters": [{"$ref": "#/components/parameters/workerId"}, {"$ref": "#/components/parameters/agentSecret"}],
      "post": {
        "summary": "Report a test result",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["sessionId", "epoch", "result"], "properties": {"sessionId": {"type": "string"}, "epoch": {"type": "integer"}, "result": {"$ref": "#/components/schemas/TestResult"}}}}}},
        "responses": {
          "202": {"description": "Accepted"},
          "200": {"description": "Seen before", "content": {"application/json": {"schema": {"type": "object", "properties": {"duplicate": {"type": "boolean"}}}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/workers/{workerId}": {
      "parameters": [{"$ref": "#/components/parameters/workerId"}, {"$ref": "#/components/parameters/agentSecret"}],
      "delete": {
        "summary": "Drain: finish in-flight tests, take no more",
        "responses": {
          "200": {"description": "Draining", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Worker"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/sharding/workers": {
      "get": {
        "summary": "Workers, with VNC URLs",
        "responses": {"200": {"description": "Workers", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Worker"}}}}}}
      }
    },
    "/api/sharding/executions/{sessionId}/streams": {
      "parameters": [{"$ref": "#/components/parameters/sessionId"}],
      "get": {
        "summary": "VNC streams of a session's shards",
        "responses": {
          "200": {"description": "Streams", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "properties": {"shardIndex": {"type": "integer"}, "workerId": {"type": "string", "nullable": true}, "vncUrl": {"type": "string", "nullable": true}}}}}}},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/artifacts/{sessionId}/{path}": {
      "parameters": [{"$ref": "#/components/parameters/sessionId"}, {"name": "path", "in": "path", "required": true, "description": "A file under the session's artifact folder; the rest of the URL path", "schema": {"type": "string"}}],
      "get": {
        "summary": "A stored screenshot, trace or video of a known session; no symlink followed",
        "responses": {
          "200": {"description": "The file, streamed, with its content type, X-Content-Type-Options: nosniff and Content-Security-Policy: sandbox; HTML, SVG and XML with Content-Disposition: attachment", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/openapi.json": {
      "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.0", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    },
    "/healthz": {
      "get": {"summary": "Liveness; no token needed. status ok, or degraded with a reason while the database's writes fail (results wait in memory and are retried)", "security": [], "responses": {"200": {"description": "Alive", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]}, "reason": {"type": "string"}}}}}}}}
    },
    "/metrics": {
      "get": {"summary": "Prometheus text format; no token needed", "description": "shardline_sessions, shardline_tests, shardline_tests_finished_total, shardline_workers, shardline_dispatch_latency_seconds, shardline_http_requests_total, shardline_http_connections_closed_for_room_total, shardline_http_connections_refused_total{reason=reserve_full|over_caps}, shardline_log_lines_held_back_total, shardline_log_lines_dropped_total (docs/API.md, Metrics)", "security": [], "responses": {"200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
    },
    "/": {
      "get": {"summary": "The dashboard", "security": [], "responses": {"200": {"description": "A page", "content": {"text/html": {"schema": {"type": "string"}}}}}}
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Required when the server has a token (--token or SHARDLINE_TOKEN)"}},
    "parameters": {
      "sessionId": {"name": "sessionId", "in": "path", "required": true, "schema": {"type": "string"}},
      "workerId": {"name": "workerId", "in": "path", "required": true, "schema": {"type": "string"}},
      "agentSecret": {"name": "X-Shardline-Agent-Secret", "in": "header", "required": false, "description": "The agentSecret the registration answered; required when the worker is an HTTP agent", "schema": {"type": "string"}}
    },
    "responses": {
      "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string", "enum": ["invalid_json", "invalid_argument", "unauthorized", "not_found", "method_not_allowed", "conflict", "payload_too_large", "request_header_fields_too_large", "unavailable", "internal"]},
        "message": {"type": "string"}, "field": {"type": "string"}}}}},
      "TestStatus": {"type": "string", "enum": ["passed", "failed", "skipped", "timedOut"]},
      "SessionStatus": {"type": "string", "enum": ["pending", "running", "completed", "cancelled", "failed", "interrupted"]},
      "TestFile": {"type": "object", "required": ["path", "title"], "properties": {
        "id": {"type": "string", "description": "Unique in a session; default path::title"},
        "path": {"type": "string"}, "title": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}}, "project": {"type": "string"},
        "line": {"type": "integer", "minimum": 1, "maximum": 100000000}, "estimatedDurationMs": {"type": "integer", "minimum": 0, "maximum": 86400000},
        "lastResult": {"$ref": "#/components/schemas/TestStatus"}, "priority": {"type": "integer", "minimum": -1000000, "maximum": 1000000},
        "unit": {"type": "string", "description": "Tests with the same unit run together, in one batch on one worker, in their order in the list (a Playwright file or serial describe); absent: the test alone"}}},
      "TestAllocation": {"type": "object", "properties": {"shardIndex": {"type": "integer"}, "tests": {"type": "array", "items": {"$ref": "#/components/schemas/TestFile"}}, "estimatedDurationMs": {"type": "integer"}}},
      "RunnerConfig": {"type": "object", "required": ["kind"], "properties": {
        "kind": {"type": "string", "enum": ["command", "playwright"]},
        "argv": {"type": "array", "items": {"type": "string"}, "description": "command: the argv template, with {path} {title} {id} {line}"},
        "dir": {"type": "string", "description": "a folder inside the server's project root (serve --project-root)"}}},
      "ParallelExecutionConfig": {"type": "object", "properties": {
        "strategy": {"type": "string", "enum": ["round-robin", "duration", "file", "tag", "fail-first"]},
        "workerCount": {"type": "integer", "minimum": 1, "maximum": 10000}, "retries": {"type": "integer", "minimum": 0, "maximum": 100},
        "testTimeoutMs": {"type": "integer", "minimum": 1, "maximum": 86400000, "nullable": true, "description": "Absent or null: 30000 for a command runner; for playwright the project's own timeouts stand (no --timeout is passed), shown as null."}, "maxFailures": {"type": "integer", "minimum": 0, "maximum": 1000000},
        "steal": {"type": "boolean"}, "tagMode": {"type": "string", "enum": ["group", "distribute"]},
        "runner": {"$ref": "#/components/schemas/RunnerConfig"},
        "heartbeatIntervalMs": {"type": "integer", "minimum": 1, "maximum": 3600000}, "heartbeatTimeoutMs": {"type": "integer", "minimum": 2, "maximum": 86400000}}},
      "StartRequest": {"type": "object", "properties": {
        "tests": {"type": "array", "items": {"$ref": "#/components/schemas/TestFile"}},
        "discover": {"type": "object", "required": ["runner", "dir"], "properties": {"runner": {"type": "string", "enum": ["playwright"]}, "dir": {"type": "string", "description": "a folder inside the server's project root (serve --project-root)"}, "grep": {"type": "string"}}},
        "config": {"$ref": "#/components/schemas/ParallelExecutionConfig"}}},
      "SessionStarted": {"type": "object", "required": ["sessionId", "status", "allocations"], "properties": {"sessionId": {"type": "string"}, "status": {"$ref": "#/components/schemas/SessionStatus"}, "allocations": {"type": "array", "items": {"$ref": "#/components/schemas/TestAllocation"}}}},
      "ExecutionProgress": {"type": "object", "properties": {"total": {"type": "integer"}, "completed": {"type": "integer"}, "passed": {"type": "integer"}, "failed": {"type": "integer"}, "skipped": {"type": "integer"}, "running": {"type": "integer"}, "pending": {"type": "integer"}, "percentage": {"type": "number"}}},
      "ShardStatus": {"type": "object", "properties": {"shardIndex": {"type": "integer"}, "workerId": {"type": "string", "nullable": true}, "status": {"type": "string"}, "progress": {"type": "object", "properties": {"total": {"type": "integer"}, "completed": {"type": "integer"}}}, "estimatedDurationMs": {"type": "integer"}}},
      "ExecutionSession": {"type": "object", "properties": {
        "sessionId": {"type": "string"}, "status": {"$ref": "#/components/schemas/SessionStatus"}, "strategy": {"type": "string"},
        "progress": {"$ref": "#/components/schemas/ExecutionProgress"}, "shards": {"type": "array", "items": {"$ref": "#/components/schemas/ShardStatus"}},
        "dropped": {"type": "object", "properties": {"stale": {"type": "integer"}, "duplicate": {"type": "integer"}}},
        "waitingFor": {"type": "string", "nullable": true}, "startedAt": {"type": "string", "format": "date-time", "nullable": true},
        "finishedAt": {"type": "string", "format": "date-time", "nullable": true}, "interrupted": {"type": "boolean"}, "resumedFrom": {"type": "string"}}},
      "TestResult": {"type": "object", "required": ["testId", "status"], "properties": {
        "testId": {"type": "string"}, "testPath": {"type": "string"}, "testName": {"type": "string"}, "workerId": {"type": "string"},
        "shardIndex": {"type": "integer"}, "status": {"$ref": "#/components/schemas/TestStatus"}, "duration": {"type": "integer", "description": "milliseconds"},
        "error": {"type": "string", "nullable": true}, "errorStack": {"type": "string", "nullable": true}, "retryCount": {"type": "integer"},
        "attempt": {"type": "integer"}, "flaky": {"type": "boolean"}, "screenshots": {"type": "array", "items": {"type": "string"}},
        "traceUrl": {"type": "string", "nullable": true}, "videoUrl": {"type": "string", "nullable": true}, "stdoutTail": {"type": "string", "nullable": true}, "videoUnavailable": {"type": "string", "description": "why the video the test asked for was not recorded"},
        "project": {"type": "string", "description": "the Playwright project it ran in; empty: none"},
        "attachments": {"type": "array", "items": {"$ref": "#/components/schemas/ResultAttachment"}},
        "annotations": {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}, "description": {"type": "string"}}}},
        "skipReason": {"type": "string", "description": "why a skipped test was skipped (test.skip's description)"},
        "runnerAttempts": {"type": "array", "description": "the test runner's own retries in the same run (Playwright's configured retries), oldest first; this result is the last try", "items": {"type": "object", "required": ["status"], "properties": {"retry": {"type": "integer"}, "status": {"$ref": "#/components/schemas/TestStatus"}, "duration": {"type": "integer"}, "error": {"type": "string", "nullable": true}, "errorStack": {"type": "string", "nullable": true}, "startedAt": {"type": "string", "format": "date-time", "nullable": true}, "attachments": {"type": "array", "items": {"$ref": "#/components/schemas/ResultAttachment"}}}}},
        "startedAt": {"type": "string", "format": "date-time", "nullable": true}, "finishedAt": {"type": "string", "format": "date-time", "nullable": true}}},
      "ResultAttachment": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "contentType": {"type": "string"}, "url": {"type": "string", "nullable": true, "description": "/api/artifacts/...; null when not kept"}}},
      "WorkerCapabilities": {"type": "object", "properties": {"browsers": {"type": "array", "items": {"type": "string"}}, "maxConcurrent": {"type": "integer", "minimum": 1}, "tags": {"type": "array", "items": {"type": "string"}}, "memory": {"type": "integer"}, "cpu": {"type": "integer"}}},
      "WorkerRegistration": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 128}, "type": {"type": "string", "enum": ["local", "remote"]}, "host": {"type": "string", "maxLength": 255}, "port": {"type": "integer"}, "capabilities": {"$ref": "#/components/schemas/WorkerCapabilities"}, "vncPort": {"type": "integer"}, "vncUrl": {"type": "string", "maxLength": 2048, "description": "an http(s) URL"}}},
      "Worker": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"}, "status": {"type": "string", "enum": ["idle", "busy", "offline", "draining"]}, "host": {"type": "string"}, "port": {"type": "integer"}, "capabilities": {"$ref": "#/components/schemas/WorkerCapabilities"}, "lastHeartbeat": {"type": "string", "format": "date-time", "nullable": true}, "currentTests": {"type": "array", "items": {"type": "string"}}, "vncPort": {"type": "integer", "nullable": true}, "vncUrl": {"type": "string", "nullable": true}}},
      "Assignment": {"type": "object", "required": ["sessionId", "testId", "attempt", "epoch", "test"], "properties": {"sessionId": {"type": "string"}, "testId": {"type": "string"}, "attempt": {"type": "integer"}, "epoch": {"type": "integer"}, "test": {"$ref": "#/components/schemas/TestFile"}, "runner": {"$ref": "#/components/schemas/RunnerConfig"}, "testTimeoutMs": {"type": "integer", "nullable": true}}},
      "PreviewRequest": {"type": "object", "required": ["tests", "workerCount"], "properties": {"tests": {"type": "array", "items": {"$ref": "#/components/schemas/TestFile"}}, "strategy": {"type": "string"}, "workerCount": {"type": "integer", "minimum": 1, "maximum": 10000}, "tagMode": {"type": "string", "enum": ["group", "distribute"]}}},
      "Preview": {"type": "object", "properties": {"allocations": {"type": "array", "items": {"$ref": "#/components/schemas/TestAllocation"}}, "estimatedMakespanMs": {"type": "integer"}, "lowerBoundMs": {"type": "integer"}, "ratio": {"type": "number"}}}
    }
  }
})json";

} // namespace

std::string_view openapi_document() {
  return document;
}

} // namespace shardline::http
