# check_layers.cmake - the layers of src/ point one way (src/CMakeLists.txt).
#
#   cmake -DLAYERS_FILE=F -DSRC=DIR -DOUT=DIR -P check_layers.cmake
#
# F (written by tests/CMakeLists.txt at generate time) gives the compiler,
# and for each layer L: LAYER_INC_L and LAYER_DEF_L, the include path and
# definitions its own sources compile with; LAYER_ON_L, the layers it may
# use (declared ones, transitively); LAYER_OBJ_L, its object files;
# LAYER_CYCLIC_L, whether its files may call each other in a cycle; NM.
#
# Four checks, every one of which can fail:
#  1. each header of src/M/, included from a probe preprocessed with L's
#     include path, is found when M is L or a layer L is on, and is not found
#     ("No such file") otherwise: a lower layer cannot include a higher
#     one's header. Preprocessing is what finds a header; whether it
#     compiles alone is not the question here;
#  2. no source sits in src/ itself (its own directory would make every
#     layer's header reachable by a relative name), and no #include in src/
#     climbs out with "..";
#  3. no object calls or reads a symbol that a layer it is not on defines,
#     whatever header (a public one, or a declaration of its own) it got the
#     name from;
#  4. the declared layers have no cycle (a layer is not on itself);
#  5. within a layer, the files' uses of each other's symbols form no cycle,
#     unless the layer is declared CYCLIC (LAYER_CYCLIC_L): a cycle means a
#     piece two files share belongs in the lower one.
cmake_minimum_required(VERSION 3.25)
include(${LAYERS_FILE})
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(failures 0)
macro(fail msg)
  message("FAIL: ${msg}")
  math(EXPR failures "${failures} + 1")
endmacro()

# 4. no cycle
foreach(l IN LISTS LAYERS)
  if(l IN_LIST LAYER_ON_${l})
    fail("layer ${l} is on itself: the declared layers have a cycle")
  endif()
endforeach()

# 2. nothing at the top of src/, no "../" in an include
file(GLOB top LIST_DIRECTORIES false ${SRC}/*.c ${SRC}/*.h)
foreach(f IN LISTS top)
  fail("${f} is in no layer: a source in src/ itself reaches every header")
endforeach()
file(GLOB_RECURSE sources ${SRC}/*.c ${SRC}/*.h)
foreach(f IN LISTS sources)
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<][^\">]*\\.\\.")
  foreach(line IN LISTS lines)
    fail("${f}: ${line}: a relative include climbs past the layer's include path")
  endforeach()
endforeach()

# 1. the include probes
set(nprobe_ok 0)
set(nprobe_refused 0)
foreach(l IN LISTS LAYERS)
  set(flags ${STD_FLAG})
  foreach(d IN LISTS LAYER_INC_${l})
    list(APPEND flags -I${d})
  endforeach()
  foreach(d IN LISTS LAYER_DEF_${l})
    list(APPEND flags -D${d})
  endforeach()
  foreach(m IN LISTS LAYERS)
    file(GLOB headers RELATIVE ${SRC} ${SRC}/${m}/*.h)
    list(SORT headers)
    if(NOT headers)
      continue()
    endif()
    if(m STREQUAL l OR m IN_LIST LAYER_ON_${l})
      set(want ok)
    else()
      set(want refused)
    endif()
    foreach(h IN LISTS headers)
      string(MAKE_C_IDENTIFIER "${l}_${h}" id)
      set(probe ${OUT}/${id}.c)
      file(WRITE ${probe} "#include \"${h}\"\nint layer_probe(void);\nint layer_probe(void) { return 0; }\n")
      execute_process(COMMAND ${CC} ${flags} -E -o ${probe}.i ${probe}
                      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
      if(want STREQUAL ok)
        if(rc EQUAL 0)
          math(EXPR nprobe_ok "${nprobe_ok} + 1")
        else()
          fail("${l} may include ${h}, but it is not found there:\n${out}")
        endif()
      elseif(rc EQUAL 0)
        fail("${l} can include ${h}, a header of ${m}, which ${l} is not on")
      elseif(NOT out MATCHES "No such file")
        fail("${l} including ${h} fails, but not for want of the header:\n${out}")
      else()
        math(EXPR nprobe_refused "${nprobe_refused} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()

# 3. symbols: which layer defines what, then what each object uses
set(nsym 0)
foreach(l IN LISTS LAYERS)
  foreach(o IN LISTS LAYER_OBJ_${l})
    execute_process(COMMAND ${NM} -g --defined-only ${o} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      fail("${NM} cannot read ${o}")
    endif()
    string(REGEX MATCHALL "[^\n]+" rows "${out}")
    foreach(row IN LISTS rows)
      if(row MATCHES "^[0-9a-fA-F]* *[A-Za-z] ([^ ]+)$")
        set(def_${CMAKE_MATCH_1} ${l})
        set(obj_${CMAKE_MATCH_1} ${o})
      endif()
    endforeach()
  endforeach()
endforeach()
foreach(l IN LISTS LAYERS)
  foreach(o IN LISTS LAYER_OBJ_${l})
    execute_process(COMMAND ${NM} -u ${o} OUTPUT_VARIABLE out)
    string(REGEX MATCHALL "[^\n]+" rows "${out}")
    foreach(row IN LISTS rows)
      string(STRIP "${row}" row)
      if(NOT row MATCHES "^U ([^ ]+)$")
        continue()
      endif()
      set(sym ${CMAKE_MATCH_1})
      if(NOT DEFINED def_${sym})
        continue() # the C library's
      endif()
      set(m ${def_${sym}})
      math(EXPR nsym "${nsym} + 1")
      if(NOT m STREQUAL l AND NOT m IN_LIST LAYER_ON_${l})
        get_filename_component(name ${o} NAME)
        fail("${name} (${l}) uses ${sym}, which ${m} defines; ${l} is not on ${m}")
      elseif(m STREQUAL l AND NOT obj_${sym} STREQUAL o)
        string(MD5 from ${o})
        list(APPEND uses_${from} ${obj_${sym}})
      endif()
    endforeach()
  endforeach()
endforeach()

# 5. no cycle among a layer's files: peel off files that use no remaining
# file of the layer until none is left; whatever cannot be peeled off is on
# a cycle or uses one
set(nfiles_peeled 0)
foreach(l IN LISTS LAYERS)
  if(LAYER_CYCLIC_${l})
    continue()
  endif()
  set(left ${LAYER_OBJ_${l}})
  set(progress TRUE)
  while(left AND progress)
    set(progress FALSE)
    foreach(o IN LISTS left)
      string(MD5 from ${o})
      set(uses ${uses_${from}})
      if(uses)
        list(REMOVE_ITEM uses ${o})
      endif()
      set(blocked FALSE)
      foreach(u IN LISTS uses)
        if(u IN_LIST left)
          set(blocked TRUE)
          break()
        endif()
      endforeach()
      if(NOT blocked)
        list(REMOVE_ITEM left ${o})
        math(EXPR nfiles_peeled "${nfiles_peeled} + 1")
        set(progress TRUE)
      endif()
    endforeach()
  endwhile()
  if(left)
    set(names)
    foreach(o IN LISTS left)
      get_filename_component(name ${o} NAME)
      list(APPEND names ${name})
    endforeach()
    list(JOIN names ", " names)
    fail("the files of ${l} use each other in a cycle (or use files that do): ${names}")
  endif()
endforeach()

list(LENGTH LAYERS nlayers)
message("check_layers: ${nlayers} layers; ${nprobe_ok} headers reachable where allowed, "
        "${nprobe_refused} refused where not; ${nsym} uses of another object's symbols; "
        "${nfiles_peeled} files in layers without a cycle")
if(nprobe_ok EQUAL 0 OR nprobe_refused EQUAL 0 OR nsym EQUAL 0 OR nfiles_peeled EQUAL 0)
  fail("nothing was checked")
endif()
if(failures)
  message(FATAL_ERROR "check_layers: ${failures} failures")
endif()
