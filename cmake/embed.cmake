# relais_embed(OUT_VAR OUTPUT NAMESPACE ns FILES name=path ...)
# Generates OUTPUT, a .cpp holding each file's bytes, reachable through
# `std::optional<std::string_view> <ns>::EmbeddedFile(std::string_view name)`.
function(relais_embed out_var output)
  cmake_parse_arguments(E "" "NAMESPACE" "FILES" ${ARGN})
  set(deps "")
  foreach(entry ${E_FILES})
    string(REGEX REPLACE "^[^=]*=" "" path "${entry}")
    list(APPEND deps "${path}")
  endforeach()
  set(list_file "${output}.entries")
  string(REPLACE ";" "\n" lines "${E_FILES}")
  file(WRITE "${list_file}" "${lines}\n")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DNAMESPACE=${E_NAMESPACE} -DLIST_FILE=${list_file}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${deps} ${list_file} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${output}"
    VERBATIM)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
