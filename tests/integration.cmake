# Integration tests: real Helm 3 and Helm 4, Kubernetes schemas, kubernetes-models
# and yamllint on the chart built from every samples/*.yaml (the scripts glob the
# samples when they run). Included by CMakeLists.txt; fc_add_test gives each test
# FABCHART, FABCHART_SOURCE_DIR, FABCHART_BINARY_DIR and FABCHART_EXT_DIR.
# Tools come from scripts/install-test-tools (.tools/); a missing tool or data
# set makes a test say why on stderr and exit 77, which ctest reports as
# Skipped, except under CI=true where it fails (lib.sh fc_skip).
find_program(FC_BASH bash REQUIRED)

set(FC_INTEGRATION_TESTS
  reproducible    # two builds, same sha256; file name; archive layout
  helm_lint       # helm lint --strict, Helm 3 and Helm 4
  helm_template   # helm template, Helm 3 and Helm 4, same output
  helm_install    # Helm 4 install --dry-run=client, no cluster
  k8s_schemas     # strict Kubernetes JSON Schemas (shared/ext/k8s-schemas)
  k8s_models      # npm kubernetes-models .validate()
  yamllint        # Chart.yaml, values.yaml with chart-testing's rules
  provenance      # build --sign: helm verify (3 and 4) with a temporary GnuPG key
  repo_http       # repo index: helm repo index equality, nginx, helm repo add/pull --verify
  oci_push        # push to docker-registry (open and htpasswd): helm pull/template oci://
  oci_token       # push to docker-registry with token auth (token_server.py): helm pull oci://
  inventory_samples # helm template's objects equal the inventory (src/inventory.c), Helm 3 and 4
  scheduling      # the scheduling knobs on exactly the right pods and Services, Helm 3 and 4
  disruption_budgets # PDBs select exactly their pods and keep consensus, Helm 3 and 4
  identity_backup # README's identity backup selector takes exactly each namespace's identity Secrets
)
foreach(t ${FC_INTEGRATION_TESTS})
  fc_add_test(integration_${t}
    COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/${t}.sh)
  set_tests_properties(integration_${t} PROPERTIES TIMEOUT 900)
  # Keep Python from writing __pycache__ into the source tree.
  set_property(TEST integration_${t} APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
endforeach()

set_property(TEST integration_inventory_samples APPEND PROPERTY ENVIRONMENT
  "FC_INVENTORY=$<TARGET_FILE:fc_inventory>")

# The same strict-schema check with fabchart's own validator instead of
# python3-jsonschema, and that validator on the schemas' own valid/invalid samples.
fc_add_test(integration_k8s_schemas_fabchart
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/k8s_schemas.sh)
set_property(TEST integration_k8s_schemas_fabchart APPEND PROPERTY ENVIRONMENT
  "FC_K8S_VALIDATOR_CMD=$<TARGET_FILE:fabchart> validate --schema {schema} {doc}"
  PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(integration_k8s_schemas_fabchart PROPERTIES TIMEOUT 900)
fc_add_test(integration_k8s_samples_fabchart
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/k8s_samples_fabchart.sh)
# values.yaml against values.schema.json: fabchart's verdict equals Helm 3's and 4's.
fc_add_test(integration_values_schema
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/values_schema.sh)
set_tests_properties(integration_values_schema PROPERTIES TIMEOUT 900)
# The rendered objects of every sample, their namespaces, the talk's NodePort
# formula, and the security scan of every container (issue 4).
fc_add_test(integration_chart_checks
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/chart_checks.sh)
set_property(TEST integration_chart_checks APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(integration_chart_checks PROPERTIES TIMEOUT 900)
fc_add_test(integration_release_size
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/release_size.sh)
set_tests_properties(integration_release_size PROPERTIES TIMEOUT 900)
# Who can reach whom in every sample's chart: the reviewed lists, the talk's
# rules, and the rendered chart agreeing with `netpol --topology` (issue 6).
fc_add_test(integration_netpol_samples
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/netpol_samples.sh)
set_property(TEST integration_netpol_samples APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(integration_netpol_samples PROPERTIES TIMEOUT 900)
fc_add_test(integration_values_helm
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/values_helm.sh)
set_tests_properties(integration_values_helm PROPERTIES TIMEOUT 900)

# Metrics, alerts and dashboards (issue 19): PodMonitors, PrometheusRule and
# annotations with and without the Prometheus Operator's API, the CRD schemas,
# promtool on every expression, every metric in the Fabric release's list.
fc_add_test(integration_monitoring
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/monitoring.sh)
set_property(TEST integration_monitoring APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(integration_monitoring PROPERTIES TIMEOUT 1200)

# The monitoring namespace reaches the operations ports and nothing else, and
# the talk's rules still hold (issue 19).
fc_add_test(integration_netpol_monitoring
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/netpol_monitoring.sh)
set_property(TEST integration_netpol_monitoring APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(integration_netpol_monitoring PROPERTIES TIMEOUT 900)

# What each test needs beyond the build (fc_test_can_skip in CMakeLists.txt).
# integration_reproducible needs nothing and is never skipped.
fc_test_can_skip(helm
  integration_helm_lint integration_helm_template integration_helm_install
  integration_k8s_schemas integration_k8s_schemas_fabchart integration_k8s_models
  integration_provenance integration_repo_http integration_oci_push integration_oci_token
  integration_values_schema integration_chart_checks integration_release_size
  integration_netpol_samples integration_values_helm integration_scheduling
  integration_disruption_budgets integration_identity_backup integration_monitoring
  integration_netpol_monitoring)
fc_test_can_skip(ext
  integration_k8s_schemas integration_k8s_schemas_fabchart integration_k8s_samples_fabchart
  integration_scheduling integration_monitoring)
fc_test_can_skip(tools   # python3-jsonschema/yaml, node + kubernetes-models, yamllint,
  # gpg, nginx, docker-registry, htpasswd, curl, openssl, promtool
  integration_k8s_schemas integration_k8s_schemas_fabchart integration_k8s_models
  integration_yamllint integration_provenance integration_repo_http integration_oci_push
  integration_oci_token integration_values_schema integration_chart_checks
  integration_release_size integration_netpol_samples integration_scheduling
  integration_disruption_budgets integration_identity_backup integration_monitoring
  integration_netpol_monitoring)
# The one test that proves the C inventory (src/inventory.c, `netpol --topology`)
# gives the same connections as the templates Helm renders: it needs Helm, so a
# plain clone skips it, and CI (CI=true, tools installed) must run it.
set_property(TEST integration_netpol_samples APPEND PROPERTY LABELS ci-required)
# Honest values (issue 14 point 5): every key of every sample's values.yaml is
# pinned by values.schema.json or renders what it says when overridden.
fc_add_test(integration_values_override
  COMMAND ${FC_BASH} ${CMAKE_CURRENT_LIST_DIR}/integration/values_override.sh)
set_property(TEST integration_values_override APPEND PROPERTY ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
set_tests_properties(integration_values_override PROPERTIES TIMEOUT 900)
fc_test_can_skip(helm integration_values_override)
fc_test_can_skip(ext integration_values_override)
fc_test_can_skip(tools integration_values_override)
