#include "web/server.h"

#include <pthread.h>
#include <csignal>

#include <atomic>
#include <charconv>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>
#include <restinio/all.hpp>

#include "web/errors.h"
#include "web/routes.h"
#include "web/session.h"
#include "web/worker_pool.h"

namespace relais::web {
namespace {

using Clock = std::chrono::steady_clock;

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status < 400 ? "OK" : "Error";
  }
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Field(const restinio::http_request_header_t& header, std::string_view name) {
  auto value = header.opt_value_of(restinio::string_view_t(name.data(), name.size()));
  return value ? std::string(value->data(), value->size()) : std::string();
}

// The Content-Length header's value, 0 when absent or unreadable (the
// parser has already refused a malformed one).
std::uint64_t DeclaredLength(const restinio::http_request_header_t& header) {
  const std::string length = Field(header, "Content-Length");
  std::uint64_t value = 0;
  std::from_chars(length.data(), length.data() + length.size(), value);
  return value;
}

// --- Streamed responses (Server-Sent Events) --------------------------------

// At most this many streams are open at once; more get 503.
constexpr std::size_t kMaxStreams = 64;

using ChunkedBuilder = restinio::response_builder_t<restinio::chunked_output_t>;

// Writes chunks to one chunked response. Only its stream's thread uses it;
// RESTinio hands each write over to the connection's I/O thread.
class ChunkedSink final : public StreamSink {
 public:
  explicit ChunkedSink(ChunkedBuilder builder) : builder_(std::move(builder)) {}

  bool Write(std::string chunk) override {
    if (gone_->load()) return false;
    builder_.append_chunk(std::move(chunk));
    builder_.flush([gone = gone_](const restinio::asio_ns::error_code& error) {
      if (error) gone->store(true);
    });
    return true;
  }

  // Ends the response (the zero-length chunk). REQUIRES: called once.
  void Close() { builder_.done(); }

  // True once a write has failed: the client has gone.
  bool gone() const { return gone_->load(); }

 private:
  ChunkedBuilder builder_;
  // Set by the I/O thread when a write fails: the client has gone.
  std::shared_ptr<std::atomic<bool>> gone_ = std::make_shared<std::atomic<bool>>(false);
};

// The open streams, each fed by a thread of its own. Thread-safe. Stop()
// asks every feed to end, closes their responses and joins their threads.
class Streams {
 public:
  ~Streams() { Stop(); }

  // Sends `head` on `raw` and starts feeding it; false (nothing sent) when
  // kMaxStreams are open or the server stops.
  bool Start(const restinio::request_handle_t& raw, StreamReply reply) {
    std::lock_guard lock(mutex_);
    // Ended feeds, and those whose client has gone (their thread is asked
    // to stop), are joined: their places are free.
    entries_.remove_if([](const Entry& e) { return e.finished.load() || e.sink->gone(); });
    if (stopping_ || entries_.size() >= kMaxStreams) return false;
    auto builder = raw->create_response<restinio::chunked_output_t>(restinio::http_status_line_t(
        restinio::http_status_code_t(static_cast<std::uint16_t>(reply.head.status)),
        ReasonPhrase(reply.head.status)));
    builder.append_header(restinio::http_field::content_type, reply.head.content_type);
    builder.append_header("X-Content-Type-Options", "nosniff");
    for (auto& [name, value] : reply.head.headers) builder.append_header(name, value);
    auto sink = std::make_shared<ChunkedSink>(std::move(builder));
    sink->Write(std::move(reply.head.body));
    Entry& entry = entries_.emplace_back();
    entry.sink = sink;
    entry.thread = std::jthread([sink, feed = std::move(reply.feed), &entry](std::stop_token stop) {
      try {
        feed(*sink, stop);
      } catch (const std::exception& e) {
        spdlog::error("stream feed failed: {}", e.what());
      }
      sink->Close();
      entry.finished.store(true);
    });
    return true;
  }

  void Stop() {
    std::list<Entry> open;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      open.swap(entries_);
    }
    for (Entry& entry : open) entry.thread.request_stop();
    open.clear();  // joins
  }

 private:
  struct Entry {
    std::shared_ptr<ChunkedSink> sink;
    std::atomic<bool> finished{false};
    std::jthread thread;  // declared last: destroyed (stopped, joined) first
  };
  std::mutex mutex_;
  std::list<Entry> entries_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;     // GUARDED_BY(mutex_)
};

// --- The server --------------------------------------------------------------

// The server's state shared by its handlers.
class Dispatcher {
 public:
  Dispatcher(const ServerOptions& options, Services& services)
      : options_(options), services_(services), workers_(options.workers) {
    AddApiRoutes(router_, services);
    AddAppointmentRoutes(router_, services);
    AddPageRoutes(router_, services);
    AddAssetRoutes(router_);
    AddVisitRoutes(router_, services);
    AddCounterRoutes(router_, services);
    AddBookingPageRoutes(router_, services);
    AddAgendaPageRoutes(router_, services);
    AddAppointmentSettingsRoutes(router_, services);
    AddQueueRoutes(router_, services);
    AddQueuePageRoutes(router_, services);
    AddPeopleRoutes(router_, services);
    AddPeoplePageRoutes(router_, services);
    AddReportRoutes(router_, services);
    AddSurveyRoutes(router_, services);
    AddSurveyPageRoutes(router_, services);
    AddReportFileRoutes(router_, services);
    AddReportPageRoutes(router_, services);
    AddDashboardRoutes(router_, services);
    AddWorkshopRoutes(router_, services);
    AddWorkshopPageRoutes(router_, services);
    AddCalendarRoutes(router_, services);  // last: /agenda/{file} comes after /agenda/… pages
    AddRouteListRoute(router_, services);
  }

  restinio::request_handling_status_t Handle(const restinio::request_handle_t& raw) {
    const auto started = Clock::now();
    auto request = std::make_shared<Request>();
    Result<const Route*> route = Translate(*raw, *request);
    if (!route) {
      Send(raw, *request, "-", ErrorResponseFor(*request, route.error()), started);
      return restinio::request_accepted();
    }
    const Route* found = *route;
    if (found->stream) return HandleStream(raw, request, found, started);
    if (found->fast) {
      if (auto answer = RunFast(*found, *request)) {
        Send(raw, *request, found->pattern, std::move(*answer), started);
        return restinio::request_accepted();
      }
    }
    if (!found->blocking) {
      Send(raw, *request, found->pattern, Run(*found, *request), started);
      return restinio::request_accepted();
    }
    const bool queued = workers_.Post([this, raw, request, found, started] {
      Send(raw, *request, found->pattern, Run(*found, *request), started);
    });
    if (!queued) {
      Send(raw, *request, found->pattern,
           ErrorResponse(
               Error{ErrorKind::kUnavailable, "shutting_down", "Le service s'arrête.", ""}),
           started);
    }
    return restinio::request_accepted();
  }

  void Stop() {
    streams_.Stop();
    workers_.Stop();
  }

 private:
  // Fills `request` from the raw one and finds its route; the error says
  // why not (400, 404, 405, 413).
  Result<const Route*> Translate(const restinio::request_t& raw, Request& request) {
    const auto& header = raw.header();
    request.method = header.method().c_str();
    request.accept = Field(header, "Accept");
    std::string raw_path(header.path().data(), header.path().size());
    auto path = PercentDecode(raw_path, false);
    request.path = path ? *path : "/";
    std::string content_type = Lower(Field(header, "Content-Type"));
    request.content_type = content_type.substr(0, content_type.find(';'));
    while (!request.content_type.empty() && request.content_type.back() == ' ')
      request.content_type.pop_back();
    request.cookie_header = Field(header, "Cookie");
    request.if_none_match = Field(header, "If-None-Match");
    request.remote_address = raw.remote_endpoint().address().to_string();
    const bool peer_local = IsLoopback(request.remote_address);
    const std::string forwarded = Field(header, "X-Forwarded-For");
    if (options_.trust_proxy && !forwarded.empty()) {
      std::string last = forwarded.substr(forwarded.rfind(',') + 1);
      while (!last.empty() && last.front() == ' ') last.erase(0, 1);
      request.remote_address = last;
    }
    // A proxy on this machine is believed about TLS even when undeclared:
    // that can only make the cookies stricter. Its client is not local.
    if (options_.trust_proxy || peer_local) {
      request.secure = Lower(Field(header, "X-Forwarded-Proto")) == "https";
    }
    request.local =
        options_.trust_proxy ? IsLoopback(request.remote_address) : peer_local && forwarded.empty();
    if (!path) {
      return Fail(ErrorKind::kMalformed, "malformed_path", "Chemin de la requête mal encodé.");
    }
    if (raw.body().size() > options_.max_body_bytes ||
        DeclaredLength(header) > options_.max_body_bytes) {
      return Fail(ErrorKind::kTooLarge, "body_too_large",
                  "Le corps de la requête dépasse " +
                      std::to_string(options_.max_body_bytes / 1024) + " Kio.");
    }
    auto query = ParseUrlEncoded(std::string_view(header.query().data(), header.query().size()));
    if (!query) return tl::unexpected(query.error());
    request.query = std::move(*query);
    RouteMatch match = router_.Find(request.method, request.path);
    if (!match.route) {
      if (!match.allowed.empty()) {
        std::string allowed;
        for (const auto& m : match.allowed) allowed += (allowed.empty() ? "" : ", ") + m;
        return Fail(ErrorKind::kMethodNotAllowed, "method_not_allowed",
                    "Méthode " + request.method + " non permise ici (permises : " + allowed + ").");
      }
      return Fail(ErrorKind::kNotFound, "not_found", "Cette adresse n'existe pas.");
    }
    request.params = std::move(match.params);
    request.body = std::string(raw.body());
    return match.route;
  }

  // A stream route: its handler runs on a worker, then its feed on a
  // thread of its own (Streams); a refusal is sent as a whole response.
  restinio::request_handling_status_t HandleStream(const restinio::request_handle_t& raw,
                                                   std::shared_ptr<Request> request,
                                                   const Route* found, Clock::time_point started) {
    const bool queued = workers_.Post([this, raw, request, found, started] {
      StreamReply reply;
      try {
        reply = found->stream(*request);
      } catch (const std::exception& e) {
        spdlog::error("handler {} {} failed: {}", found->method, found->pattern, e.what());
        reply.head = ErrorResponse(Error{ErrorKind::kUnavailable, "internal_error",
                                         "Erreur interne : l'incident est journalisé.", ""});
      }
      if (!reply.feed || request->method == "HEAD") {
        Send(raw, *request, found->pattern, std::move(reply.head), started);
      } else if (streams_.Start(raw, std::move(reply))) {
        spdlog::info("{} {} {} flux ouvert", request->method, found->pattern, 200);
      } else {
        Send(raw, *request, found->pattern,
             ErrorResponse(Error{ErrorKind::kUnavailable, "too_many_streams",
                                 "Trop d'écrans connectés : réessayez dans un moment.", ""}),
             started);
      }
    });
    if (!queued) {
      Send(raw, *request, found->pattern,
           ErrorResponse(
               Error{ErrorKind::kUnavailable, "shutting_down", "Le service s'arrête.", ""}),
           started);
    }
    return restinio::request_accepted();
  }

  static std::optional<Response> RunFast(const Route& route, const Request& request) {
    try {
      return route.fast(request);
    } catch (const std::exception& e) {
      spdlog::error("handler {} {} failed: {}", route.method, route.pattern, e.what());
      return std::nullopt;  // the blocking handler then tries
    }
  }

  // The route's handler, once the caller passes the route's declared access.
  Response Run(const Route& route, const Request& request) {
    try {
      if (auto refused = RefusalFor(route, request, services_)) return std::move(*refused);
      return route.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("handler {} {} failed: {}", route.method, route.pattern, e.what());
      return ErrorResponse(Error{ErrorKind::kUnavailable, "internal_error",
                                 "Erreur interne : l'incident est journalisé.", ""});
    }
  }

  // Sends `response` and logs one line: no query string, no body, the
  // route's pattern rather than the path (paths may hold tokens).
  void Send(const restinio::request_handle_t& raw, const Request& request,
            const std::string& pattern, Response response, Clock::time_point started) {
    auto builder = raw->create_response(restinio::http_status_line_t(
        restinio::http_status_code_t(static_cast<std::uint16_t>(response.status)),
        ReasonPhrase(response.status)));
    if (response.status == 405) {
      auto match = router_.Find(request.method, request.path);
      std::string allowed;
      for (const auto& m : match.allowed) allowed += (allowed.empty() ? "" : ", ") + m;
      builder.append_header("Allow", allowed);
    }
    if (response.status != 304)
      builder.append_header(restinio::http_field::content_type, response.content_type);
    // Every response: no sniffing, no framing, no referrer outside the
    // site (links hold tokens); pages run only the site's own files, and
    // anything else (JSON, CSV, calendars) runs nothing.
    builder.append_header("X-Content-Type-Options", "nosniff");
    builder.append_header("Referrer-Policy", "same-origin");
    builder.append_header("X-Frame-Options", "DENY");
    builder.append_header("Content-Security-Policy",
                          response.content_type.rfind("text/html", 0) == 0
                              ? "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
                              : "default-src 'none'; frame-ancestors 'none'");
    if (request.secure) builder.append_header("Strict-Transport-Security", "max-age=31536000");
    for (auto& [name, value] : response.headers) builder.append_header(name, value);
    if (request.method != "HEAD") builder.set_body(std::move(response.body));
    builder.done();
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    spdlog::info("{} {} {} {:.1f}ms", request.method, pattern, response.status, micros / 1000.0);
  }

  const ServerOptions& options_;
  Services& services_;
  Router router_;
  WorkerPool workers_;
  Streams streams_;
};

}  // namespace

sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

Status Serve(const ServerOptions& options, Services& services,
             const std::function<void()>& on_ready) {
  // The threads started from here on inherit the mask; this one waits.
  sigset_t signals = BlockStopSignals();

  auto dispatcher = std::make_shared<Dispatcher>(options, services);
  using Traits = restinio::default_traits_t;
  auto settings = restinio::server_settings_t<Traits>{}
                      .address(options.host)
                      .port(options.port)
                      .request_handler([dispatcher](auto raw) { return dispatcher->Handle(raw); })
                      .read_next_http_message_timelimit(std::chrono::seconds(30))
                      .write_http_response_timelimit(std::chrono::seconds(30))
                      .handle_request_timeout(std::chrono::seconds(30))
                      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                                    .max_url_size(8 * 1024)
                                                    .max_field_name_size(1024)
                                                    .max_field_value_size(8 * 1024)
                                                    .max_field_count(100)
                                                    .max_body_size(options.max_body_bytes * 8));
  restinio::running_server_handle_t<Traits> server;
  try {
    server =
        restinio::run_async(restinio::own_io_context(), std::move(settings), options.io_threads);
  } catch (const std::exception& e) {
    dispatcher->Stop();
    return Fail(ErrorKind::kUnavailable, "listen_failed",
                "Impossible d'écouter sur " + options.host + ":" + std::to_string(options.port) +
                    " : " + e.what());
  }
  spdlog::info("relais écoute sur http://{}:{}", options.host, options.port);
  if (on_ready) on_ready();
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("arrêt demandé ({}), fin des requêtes en cours",
               received == SIGTERM ? "SIGTERM" : "SIGINT");
  dispatcher->Stop();  // answers what is in flight; later requests get 503
  server->stop();
  server->wait();
  spdlog::info("relais arrêté");
  return {};
}

}  // namespace relais::web
