# The VADER lexicon is third-party data: npm installs it (see package.json and
# scripts/setup); the build copies it to <build>/share/parley and install()
# puts it in <prefix>/share/parley, where the parley binary looks for it.
set(PARLEY_NPM_LEXICON ${PROJECT_SOURCE_DIR}/node_modules/vader-sentiment/vader_lexicon.txt)
set(PARLEY_DATA_DIR ${PROJECT_BINARY_DIR}/share/parley)
file(MAKE_DIRECTORY ${PARLEY_DATA_DIR})
if(EXISTS ${PARLEY_NPM_LEXICON})
  configure_file(${PARLEY_NPM_LEXICON} ${PARLEY_DATA_DIR}/vader_lexicon.txt COPYONLY)
  install(FILES ${PARLEY_NPM_LEXICON} DESTINATION ${CMAKE_INSTALL_DATADIR}/parley)
else()
  message(WARNING "vader_lexicon.txt not found: run 'npm ci' (scripts/setup does) "
                  "before configuring, or pass --lexicon at run time")
endif()
