# Strong warnings for project targets; sanitizers when asked.
function(skywitness_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  # A unity build includes each .cpp in another file, and GCC then takes a
  # source's own anonymous-namespace types in its classes for a header's.
  if(CMAKE_UNITY_BUILD AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
  if(SKYWITNESS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# A UBSan finding aborts (-fno-sanitize-recover) instead of printing and going
# on; scripts/test.sh asan gives ASan and UBSan exit codes of their own.
if(SKYWITNESS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
