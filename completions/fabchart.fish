# fish completion for fabchart(1); installed as share/fish/vendor_completions.d/fabchart.fish.
set -l commands init build validate schema portmap graph plan netpol repo push values help
complete -c fabchart -f
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -l help -d 'show help'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -l version -d 'print the version'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a init -d 'write a commented starting topology'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a build -d 'check the topology and write the chart'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a validate -d 'run every check of build, write nothing'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a schema -d 'print the topology JSON Schema'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a portmap -d 'print the port map'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a graph -d 'print the network as a graph'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a plan -d 'the migration from one topology to the next'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a netpol -d 'print which workload may reach which'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a repo -d 'write index.yaml for a chart repository'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a push -d 'upload a chart to an OCI registry'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a values -d 'check values as helm install would'
complete -c fabchart -n "not __fish_seen_subcommand_from $commands" -a help -d 'show help'
complete -c fabchart -n "__fish_seen_subcommand_from help" -a "$commands"
complete -c fabchart -n "__fish_seen_subcommand_from init build validate portmap graph plan" -k -a "(__fish_complete_suffix .yaml; __fish_complete_suffix .yml)"
complete -c fabchart -n "__fish_seen_subcommand_from $commands" -s h -l help -d 'this help'
# init
complete -c fabchart -n "__fish_seen_subcommand_from init" -l name -x -d 'network and chart name'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l fabric -x -a "3.1.1 3.0.0 2.5.12 1.4.12" -d 'Fabric version'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l consensus -x -a "etcdraft BFT kafka solo" -d 'consensus type'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l orgs -x -d 'peer organizations'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l peers -x -d 'peers per organization'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l storage -x -a "default storageClass nfs" -d 'where volumes come from'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l exposure -x -a "ClusterIP NodePort LoadBalancer" -d 'how nodes are reached'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l schema -r -F -d 'the $schema= of the first line'
complete -c fabchart -n "__fish_seen_subcommand_from init" -l force -d 'overwrite FILE'
# build
complete -c fabchart -n "__fish_seen_subcommand_from build" -s o -l output -x -a "(__fish_complete_directories)" -d 'output directory'
complete -c fabchart -n "__fish_seen_subcommand_from build" -l chart-version -x -d 'chart version (SemVer 2)'
complete -c fabchart -n "__fish_seen_subcommand_from build" -l force -d 'replace a differing chart'
complete -c fabchart -n "__fish_seen_subcommand_from build" -l from -r -k -a "(__fish_complete_suffix .tgz)" -d 'the chart this one replaces'
complete -c fabchart -n "__fish_seen_subcommand_from build validate" -l format -x -a "text json"
complete -c fabchart -n "__fish_seen_subcommand_from build" -l skeleton -x -a "(__fish_complete_directories)" -d 'templates from DIR'
complete -c fabchart -n "__fish_seen_subcommand_from build validate" -l Werror -d 'treat warnings as errors'
complete -c fabchart -n "__fish_seen_subcommand_from build" -l sign -d 'also write the .prov'
complete -c fabchart -n "__fish_seen_subcommand_from build" -l key -x -d 'the secret key to sign with'
complete -c fabchart -n "__fish_seen_subcommand_from build" -l keyring -x -a "(__fish_complete_directories)" -d 'GnuPG home'
# validate
complete -c fabchart -n "__fish_seen_subcommand_from validate" -l schema -r -F -d 'validate FILEs against SCHEMA'
complete -c fabchart -n "__fish_seen_subcommand_from validate" -l format-assertion -d 'check formats'
# portmap, graph
complete -c fabchart -n "__fish_seen_subcommand_from portmap" -l format -x -a "table csv json"
complete -c fabchart -n "__fish_seen_subcommand_from graph" -l format -x -a "dot svg mermaid"
# plan
complete -c fabchart -n "__fish_seen_subcommand_from plan" -l format -x -a "text json"
complete -c fabchart -n "__fish_seen_subcommand_from plan" -l allow-removal -d 'organizations, peers, channels, chaincodes of OLD may go'
complete -c fabchart -n "__fish_seen_subcommand_from plan" -l from -r -k -a "(__fish_complete_suffix .tgz)" -d 'OLD is the topology the chart carries'
# netpol
complete -c fabchart -n "__fish_seen_subcommand_from netpol" -F
complete -c fabchart -n "__fish_seen_subcommand_from netpol" -l format -x -a "text csv json dot"
complete -c fabchart -n "__fish_seen_subcommand_from netpol" -l topology -r -F -d 'analyse the chart built from TOPO'
complete -c fabchart -n "__fish_seen_subcommand_from netpol" -l check -r -F -d 'compare with EXPECT'
complete -c fabchart -n "__fish_seen_subcommand_from netpol" -l run-once -d 'analyse hooks, helm test pods, Jobs and CronJobs too'
# repo
complete -c fabchart -n "__fish_seen_subcommand_from repo" -a index
complete -c fabchart -n "__fish_seen_subcommand_from repo" -l url -x -d 'base URL of the charts'
complete -c fabchart -n "__fish_seen_subcommand_from repo" -l merge -r -F -d 'keep entries of OLD'
# push
complete -c fabchart -n "__fish_seen_subcommand_from push" -k -a "(__fish_complete_suffix .tgz)"
complete -c fabchart -n "__fish_seen_subcommand_from push" -l plain-http -d 'http:// instead of https://'
complete -c fabchart -n "__fish_seen_subcommand_from push" -l username -x -d 'the registry user'
complete -c fabchart -n "__fish_seen_subcommand_from push" -l password-stdin -d 'read the password from stdin'
# values
complete -c fabchart -n "__fish_seen_subcommand_from values" -k -a "(__fish_complete_suffix .tgz)"
complete -c fabchart -n "__fish_seen_subcommand_from values" -s f -l values -r -F -d 'a values file'
complete -c fabchart -n "__fish_seen_subcommand_from values" -l set -x -d 'a value, typed as Helm types it'
complete -c fabchart -n "__fish_seen_subcommand_from values" -l set-string -x -d 'a value kept as a string'
complete -c fabchart -n "__fish_seen_subcommand_from values" -l print -d 'print the merged values'
complete -c fabchart -n "__fish_seen_subcommand_from values" -l format -x -a "text json"
