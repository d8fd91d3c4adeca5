# bash completion for fabchart(1); installed as share/bash-completion/completions/fabchart.
# Commands, each command's options (as `fabchart help CMD` lists them; tests/install/run.sh
# checks that they agree), --format values per command, and topology files (*.yaml, *.yml).
# shellcheck shell=bash

_fabchart() {
  local cur prev cmd i
  COMPREPLY=()
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  local commands="init build validate schema portmap graph plan netpol repo push values help"
  cmd=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $cmd ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
    return 0
  fi
  local opts formats=
  case $cmd in
    init) opts="--name --fabric --consensus --orgs --peers --storage --exposure --schema --force --help" ;;
    build) opts="-o --output --chart-version --force --format --skeleton --Werror --sign --key --keyring --from --help"
           formats="text json" ;;
    validate) opts="--format --Werror --schema --format-assertion --help"; formats="text json" ;;
    schema) opts="--help" ;;
    portmap) opts="--format --help"; formats="table csv json" ;;
    graph) opts="--format --help"; formats="dot svg mermaid" ;;
    plan) opts="--format --allow-removal --from --help"; formats="text json" ;;
    netpol) opts="--format --topology --check --run-once --help"; formats="text csv json dot" ;;
    repo) opts="--url --merge --help" ;;
    push) opts="--plain-http --username --password-stdin --help" ;;
    values) opts="-f --values --set --set-string --print --format --help"; formats="text json" ;;
    help) mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur"); return 0 ;;
    *) return 0 ;;
  esac
  case $prev in
    --format) mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur"); return 0 ;;
    -o|--output|--skeleton|--keyring) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return 0 ;;
    --chart-version|--key|--url|--username|--name|--orgs|--peers) return 0 ;;
    --fabric) mapfile -t COMPREPLY < <(compgen -W "3.1.1 3.0.0 2.5.12 1.4.12" -- "$cur"); return 0 ;;
    --consensus) mapfile -t COMPREPLY < <(compgen -W "etcdraft BFT kafka solo" -- "$cur"); return 0 ;;
    --storage) mapfile -t COMPREPLY < <(compgen -W "default storageClass nfs" -- "$cur"); return 0 ;;
    --exposure) mapfile -t COMPREPLY < <(compgen -W "ClusterIP NodePort LoadBalancer" -- "$cur"); return 0 ;;
    -f|--values) mapfile -t COMPREPLY < <(compgen -f -X '!*.@(yaml|yml)' -- "$cur"; compgen -d -- "$cur"); return 0 ;;
    --set|--set-string) return 0 ;;
    --from) mapfile -t COMPREPLY < <(compgen -f -X '!*.tgz' -- "$cur"; compgen -d -- "$cur"); return 0 ;;
    --schema|--check|--merge) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return 0 ;;
    --topology) mapfile -t COMPREPLY < <(compgen -f -X '!*.@(yaml|yml)' -- "$cur"; compgen -d -- "$cur"); return 0 ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    return 0
  fi
  case $cmd in
    init|build|validate|portmap|graph|plan)
      mapfile -t COMPREPLY < <(compgen -f -X '!*.@(yaml|yml)' -- "$cur"; compgen -d -- "$cur") ;;
    push|values) mapfile -t COMPREPLY < <(compgen -f -X '!*.tgz' -- "$cur"; compgen -d -- "$cur") ;;
    repo) mapfile -t COMPREPLY < <(compgen -W index -- "$cur"; compgen -d -- "$cur") ;;
    *) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
  esac
  return 0
}
complete -F _fabchart fabchart
