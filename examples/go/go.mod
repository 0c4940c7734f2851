module example.com/orders-analytics

go 1.25.0

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.257.0
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk-dynamodb-zero-etl/cdk-dynamodb-zero-etl-go/cdkdynamodbzeroetl v0.0.0
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/aws/constructs-go/constructs/v10 v10.8.1 // indirect
	github.com/cdklabs/awscdk-asset-awscli-go/awscliv1/v2 v2.2.273 // indirect
	github.com/cdklabs/awscdk-asset-node-proxy-agent-go/nodeproxyagentv6/v2 v2.1.3 // indirect
	github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53 v53.28.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.39.0 // indirect
	golang.org/x/sync v0.22.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/telemetry v0.0.0-20260811182544-a038080d80e5 // indirect
	golang.org/x/tools v0.49.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
)

// The Go module jsii-pacmak generates (npx projen package:go), compiled from source.
replace github.com/cdk-dynamodb-zero-etl/cdk-dynamodb-zero-etl-go/cdkdynamodbzeroetl => ../../dist/go/cdkdynamodbzeroetl

// The generated module requires what the aws-cdk-lib dev dependency maps to: aws-cdk-go v2.257.0 (copied
// above by go mod tidy), cloud-assembly-schema-go v53.28.0 and node-proxy-agent v2.1.3. The Go module proxy
// reachable on the development and CI machines refuses (403) the last two, and the schema v53.25.0 that
// aws-cdk-go v2.257.0 itself requires. So every version of these three modules is replaced by aws-cdk-go
// v2.250.0 and exactly what it requires (schema v53.0.0, node-proxy-agent v2.1.1), all served.
// scripts/bindings/check.sh compares this app's template with the TypeScript app's on the same
// aws-cdk-lib; scripts/bindings/go-mod-tidy.sh rewrites go.sum after a change here.
replace (
	github.com/aws/aws-cdk-go/awscdk/v2 => github.com/aws/aws-cdk-go/awscdk/v2 v2.250.0
	github.com/cdklabs/awscdk-asset-node-proxy-agent-go/nodeproxyagentv6/v2 => github.com/cdklabs/awscdk-asset-node-proxy-agent-go/nodeproxyagentv6/v2 v2.1.1
	github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53 => github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53 v53.0.0
)
