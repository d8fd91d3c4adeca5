# renew-consenter.jq: a channel's config (as `configtxlator proto_decode
# --type common.Config` prints it) with one BFT consenter's certificates
# renewed (files/scripts/renew.sh consent, through config-update.sh's
# compute, check and submit).  $org[0] is the renewal: msp_id (its
# organization's MSP ID), old_identity and old_tls (its signing and TLS
# certificates as the channel holds them), identity and tls_cert (the
# renewed ones, same keys), base64 as configtxlator prints bytes.  The
# consenter of that MSP with those certificates, in
# Orderer.values.Orderers.value.consenter_mapping (common.Consenter: id,
# host, port, msp_id, identity, client_tls_cert, server_tls_cert;
# OrderersKey, common/channelconfig/channel.go), takes the renewed ones; its
# id, host and port stay.  The policy Orderer/BlockValidation names each
# consenter's identity (MSPPrincipal IDENTITY, SerializedIdentity{mspid,
# id_bytes}; BlockValidationPolicyKey, common/policies/bft.go
# EncodeBFTBlockVerificationPolicy), and the orderer refuses a config whose
# policy is not the one it builds from the mapping (orderer/consensus/
# smartbft/configverifier.go, checkConsentersMatchPolicy), so that identity
# is replaced there too, in place.  Nothing changes when no consenter holds the old certificates (the
# renewal is in the channel already, or the consenter is not in it).  All
# at Fabric v3.1.1.
$org[0] as $d
| .channel_group.groups.Orderer |= (
    if any(.values.Orderers.value.consenter_mapping[]?;
           .msp_id == $d.msp_id and .identity == $d.old_identity and .server_tls_cert == $d.old_tls)
    then
      .values.Orderers.value.consenter_mapping |= map(
        if .msp_id == $d.msp_id and .identity == $d.old_identity
        then .identity = $d.identity | .client_tls_cert = $d.tls_cert | .server_tls_cert = $d.tls_cert
        else . end)
      | .policies.BlockValidation.policy.value.identities |= map(
          if .principal.mspid == $d.msp_id and .principal.id_bytes == $d.old_identity
          then .principal.id_bytes = $d.identity
          else . end)
    else . end)
