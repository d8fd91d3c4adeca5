// fabchart-ccserver: the chaincode server of the real bring-up test of the
// chaincode sample (tests/bringup/real, issue 16).  It stands in for the
// sample's chaincode images (ghcr.io/example/*-ccaas): a chaincode as a
// service built on the shim's ChaincodeServer, configured only by the
// variables the chart sets on a chaincode server's container.
//
//	CHAINCODE_SERVER_ADDRESS  listen address (the chart: 0.0.0.0:<port>)
//	CHAINCODE_ID              the package ID the peers know it by
//	CHAINCODE_TLS_CERT        with CHAINCODE_TLS_KEY: serve TLS with this
//	CHAINCODE_TLS_KEY         key pair (PEM files)
//	CHAINCODE_CLIENT_CA_CERT  with TLS: require client certificates signed
//	                          by this CA (PEM file)
//
// Functions (the test calls them through a peer):
//
//	Init                 records key "init" = "done" (the chart's commit Job
//	                     invokes --isInit when the chaincode requires Init)
//	put KEY VALUE        PutState
//	get KEY              GetState; an error when KEY is absent
//	server               "<CHAINCODE_ID> tls=<on|off> clientauth=<on|off>":
//	                     which server answered, and how it was reached
//	putp COLL KEY        PutPrivateData of the transient field "value"
//	getp COLL KEY        GetPrivateData; an error when KEY is absent
//
// Our own code, built against the fabric-chaincode-go/v2 that Fabric v3.1.1
// vendors (build.sh); the shim API used is shim/chaincodeserver.go,
// shim/interfaces.go and shim/response.go of that module.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

type checkCC struct {
	id         string
	tls        bool
	clientAuth bool
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func (c *checkCC) Init(stub shim.ChaincodeStubInterface) *peer.Response {
	log.Printf("Init on %s (tx %s)", stub.GetChannelID(), stub.GetTxID())
	if err := stub.PutState("init", []byte("done")); err != nil {
		return shim.Error(err.Error())
	}
	return shim.Success(nil)
}

func (c *checkCC) Invoke(stub shim.ChaincodeStubInterface) *peer.Response {
	fn, args := stub.GetFunctionAndParameters()
	log.Printf("%s %q on %s (tx %s)", fn, args, stub.GetChannelID(), stub.GetTxID())
	switch {
	case fn == "put" && len(args) == 2:
		if err := stub.PutState(args[0], []byte(args[1])); err != nil {
			return shim.Error(err.Error())
		}
		return shim.Success([]byte(args[1]))
	case fn == "get" && len(args) == 1:
		v, err := stub.GetState(args[0])
		if err != nil {
			return shim.Error(err.Error())
		}
		if v == nil {
			return shim.Error("no key " + args[0])
		}
		return shim.Success(v)
	case fn == "putp" && len(args) == 2:
		t, err := stub.GetTransient()
		if err != nil {
			return shim.Error(err.Error())
		}
		if t["value"] == nil {
			return shim.Error("no transient field value")
		}
		if err := stub.PutPrivateData(args[0], args[1], t["value"]); err != nil {
			return shim.Error(err.Error())
		}
		return shim.Success(nil)
	case fn == "getp" && len(args) == 2:
		v, err := stub.GetPrivateData(args[0], args[1])
		if err != nil {
			return shim.Error(err.Error())
		}
		if v == nil {
			return shim.Error("no key " + args[1] + " in " + args[0])
		}
		return shim.Success(v)
	case fn == "server" && len(args) == 0:
		return shim.Success([]byte(fmt.Sprintf("%s tls=%s clientauth=%s", c.id, onOff(c.tls), onOff(c.clientAuth))))
	}
	return shim.Error(fmt.Sprintf("unknown function %q with %d arguments (put KEY VALUE, get KEY, putp COLL KEY, getp COLL KEY, server)", fn, len(args)))
}

// pem reads the file named by the variable NAME, nil when NAME is unset.
func pem(name string) []byte {
	path := os.Getenv(name)
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatalf("%s: %v", name, err)
	}
	return b
}

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC)
	cc := &checkCC{id: os.Getenv("CHAINCODE_ID")}
	server := &shim.ChaincodeServer{
		CCID:    cc.id,
		Address: os.Getenv("CHAINCODE_SERVER_ADDRESS"),
		CC:      cc,
	}
	key, cert := pem("CHAINCODE_TLS_KEY"), pem("CHAINCODE_TLS_CERT")
	switch {
	case key != nil && cert != nil:
		cc.tls = true
		server.TLSProps = shim.TLSProperties{Key: key, Cert: cert, ClientCACerts: pem("CHAINCODE_CLIENT_CA_CERT")}
		cc.clientAuth = server.TLSProps.ClientCACerts != nil
	case key != nil || cert != nil:
		log.Fatal("CHAINCODE_TLS_KEY and CHAINCODE_TLS_CERT go together")
	default:
		server.TLSProps = shim.TLSProperties{Disabled: true}
	}
	log.Printf("serving %s on %s, tls=%s clientauth=%s", cc.id, server.Address, onOff(cc.tls), onOff(cc.clientAuth))
	if err := server.Start(); err != nil {
		log.Fatalf("chaincode server: %v", err)
	}
}
