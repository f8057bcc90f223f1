// The reference for bench/http.sh: a bare RESTinio server answering a
// small JSON body, on the same thread count as relais.
#include <cstdlib>
#include <string>

#include <restinio/all.hpp>

int main(int argc, char** argv) {
  const std::uint16_t port = argc > 1 ? static_cast<std::uint16_t>(std::atoi(argv[1])) : 8081;
  const std::size_t threads = argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : 2;
  restinio::run(restinio::on_thread_pool(threads)
                    .port(port)
                    .address("127.0.0.1")
                    .request_handler([](auto req) {
                      return req->create_response()
                          .append_header(restinio::http_field::content_type, "application/json")
                          .set_body(R"({"status":"ok"})")
                          .done();
                    }));
  return 0;
}
