// Command pulumi-language-python is the Python language host that tenantctl's engine
// build ships next to the Pulumi CLI.
//
// The CLI starts a language host per program (`runtime: python` in Pulumi.yaml) and
// talks to it over gRPC: it asks which provider packages the program needs, runs the
// program against its resource monitor, runs Python policy packs and Python plugins,
// and installs dependencies. The heavy lifting lives in the pinned Pulumi SDK module:
// the Python toolchain resolution (pip, poetry, uv and virtual environments) and the
// program executor script `pulumi-language-python-exec`, which setup-engine.sh copies
// next to this binary.
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// execScriptName is the Python script that configures the Pulumi runtime from its flags
// and then runs the user's program; it is looked up next to this binary, then on PATH.
const execScriptName = "pulumi-language-python-exec"

// exitCodeUserActionableMessage is what the executor exits with after it has already
// reported a readable error to the engine: the host then bails without a second message.
const exitCodeUserActionableMessage = 32

func main() {
	flags := flag.NewFlagSet("pulumi-language-python", flag.ContinueOnError)
	tracing := flags.String("tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	logFlow := flags.Bool("logflow", false, "Flow logging settings to child processes")
	logToStderr := flags.Bool("logtostderr", false, "Log to stderr instead of to a file")
	verbose := flags.Int("v", 0, "Verbosity of the logs")
	// Accepted for compatibility with the flags the CLI may pass; the root directory
	// also arrives with every request.
	_ = flags.String("root", "", "Project root directory")
	if err := flags.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}

	logging.InitLogging(*logToStderr, *verbose, *logFlow)
	if *tracing != "" {
		cmdutil.InitTracing("pulumi-language-python", "pulumi-language-python", *tracing)
	}

	engineAddress := ""
	if args := flags.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	exitWithEngine()

	cancel := make(chan bool)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		close(cancel)
	}()

	host := newLanguageHost(engineAddress, *tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: could not start the language host RPC server: %v\n", err)
		os.Exit(1)
	}

	// The CLI reads the port from the first line of our stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: language host RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

// exitWithEngine ends the process, and the programs it runs, once the engine that started
// it is gone. The engine gives each plugin a pipe as its standard input and never writes
// to it; only the engine holds the write end, so the pipe reads end-of-file when the engine
// dies, even by SIGKILL, which leaves it no chance to stop its plugins. The engine makes
// each plugin the leader of a process group, which the programs it runs share: the whole
// group goes. A host started by hand (standard input a terminal or /dev/null) is left alone.
func exitWithEngine() {
	info, err := os.Stdin.Stat()
	if err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		if syscall.Getpgrp() == os.Getpid() {
			_ = syscall.Kill(-os.Getpid(), syscall.SIGKILL)
		}
		os.Exit(3)
	}()
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
}

func newLanguageHost(engineAddress, tracing string) *languageHost {
	return &languageHost{engineAddress: engineAddress, tracing: tracing}
}

func (h *languageHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// runtimeOptions are the `runtime.options` of Pulumi.yaml (or PulumiPolicy.yaml) that
// this host understands.
type runtimeOptions struct {
	toolchain   string
	virtualenv  string
	typechecker string
}

func parseOptions(info *pulumirpc.ProgramInfo) runtimeOptions {
	var opts runtimeOptions
	if info == nil || info.GetOptions() == nil {
		return opts
	}
	m := info.GetOptions().AsMap()
	str := func(key string) string {
		if v, ok := m[key].(string); ok {
			return v
		}
		return ""
	}
	opts.toolchain = str("toolchain")
	opts.virtualenv = str("virtualenv")
	opts.typechecker = str("typechecker")
	return opts
}

// resolveToolchain maps the program's runtime options onto the SDK's toolchain
// abstraction, which knows how to find python inside the configured virtualenv.
func resolveToolchain(info *pulumirpc.ProgramInfo) (toolchain.Toolchain, runtimeOptions, error) {
	opts := parseOptions(info)
	pyOpts := toolchain.PythonOptions{
		Root:       info.GetRootDirectory(),
		ProgramDir: info.GetProgramDirectory(),
		Virtualenv: opts.virtualenv,
	}
	switch strings.ToLower(opts.toolchain) {
	case "", "auto":
		pyOpts.Toolchain = toolchain.Auto
	case "pip":
		pyOpts.Toolchain = toolchain.Pip
	case "poetry":
		pyOpts.Toolchain = toolchain.Poetry
	case "uv":
		pyOpts.Toolchain = toolchain.Uv
	default:
		return nil, opts, fmt.Errorf("unsupported python toolchain %q (expected pip, poetry or uv)", opts.toolchain)
	}
	switch strings.ToLower(opts.typechecker) {
	case "":
		pyOpts.Typechecker = toolchain.TypeCheckerNone
	case "mypy":
		pyOpts.Typechecker = toolchain.TypeCheckerMypy
	case "pyright":
		pyOpts.Typechecker = toolchain.TypeCheckerPyright
	default:
		return nil, opts, fmt.Errorf("unsupported python typechecker %q (expected mypy or pyright)", opts.typechecker)
	}
	tc, err := toolchain.ResolveToolchain(pyOpts)
	return tc, opts, err
}

// withEnv returns the command's environment (or ours, if it has none) plus extra.
func withEnv(cmd *exec.Cmd, extra ...string) []string {
	base := cmd.Env
	if base == nil {
		base = os.Environ()
	}
	return append(base, extra...)
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *languageHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	pkgs, err := h.requiredPackages(ctx, req.GetInfo())
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

// listPluginsScript prints, as JSON, the pulumi-plugin.json of every installed
// distribution that ships one (provider SDKs such as pulumi_azuread do).
const listPluginsScript = `
import importlib.metadata as md, json, sys
found = []
for dist in md.distributions():
    for f in dist.files or ():
        if f.name != "pulumi-plugin.json":
            continue
        try:
            data = json.loads(f.read_text() or "{}")
        except Exception:
            continue
        data["_dist"] = dist.metadata["Name"]
        found.append(data)
json.dump(found, sys.stdout)
`

type pluginJSON struct {
	Resource         bool   `json:"resource"`
	Name             string `json:"name"`
	Version          string `json:"version"`
	Server           string `json:"server"`
	Dist             string `json:"_dist"`
	Parameterization *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Value   string `json:"value"`
	} `json:"parameterization"`
}

func (h *languageHost) requiredPackages(
	ctx context.Context, info *pulumirpc.ProgramInfo,
) ([]*pulumirpc.PackageDependency, error) {
	tc, _, err := resolveToolchain(info)
	if err != nil {
		return nil, err
	}
	cmd, err := tc.Command(ctx, "-c", listPluginsScript)
	if err != nil {
		return nil, err
	}
	cmd.Dir = info.GetProgramDirectory()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing installed Pulumi packages with %s: %w: %s", cmd.Path, err, stderr.String())
	}
	var plugins []pluginJSON
	if err := json.Unmarshal(out, &plugins); err != nil {
		return nil, fmt.Errorf("reading the list of installed Pulumi packages: %w", err)
	}

	seen := map[string]bool{}
	var deps []*pulumirpc.PackageDependency
	for _, p := range plugins {
		if !p.Resource || p.Name == "" {
			continue
		}
		key := p.Name + "@" + p.Version
		if seen[key] {
			continue
		}
		seen[key] = true
		v := p.Version
		if v != "" && !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		dep := &pulumirpc.PackageDependency{Kind: "resource", Name: p.Name, Version: v, Server: p.Server}
		if p.Parameterization != nil {
			value, err := base64.StdEncoding.DecodeString(p.Parameterization.Value)
			if err != nil {
				return nil, fmt.Errorf("package %s: bad parameterization value: %w", p.Dist, err)
			}
			pv := p.Parameterization.Version
			if pv != "" && !strings.HasPrefix(pv, "v") {
				pv = "v" + pv
			}
			dep.Parameterization = &pulumirpc.PackageParameterization{
				Name: p.Parameterization.Name, Version: pv, Value: value,
			}
		}
		deps = append(deps, dep)
	}
	logging.V(5).Infof("GetRequiredPackages: %d packages", len(deps))
	return deps, nil
}

// findExecScript locates pulumi-language-python-exec next to this binary (also when
// this binary is reached through a symlink), else on PATH.
func findExecScript() (string, error) {
	var dirs []string
	if self, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(self))
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			dirs = append(dirs, filepath.Dir(resolved))
		}
	}
	if len(os.Args) > 0 && strings.ContainsRune(os.Args[0], filepath.Separator) {
		dirs = append(dirs, filepath.Dir(os.Args[0]))
	}
	for _, dir := range dirs {
		candidate := filepath.Join(dir, execScriptName)
		if st, err := os.Stat(candidate); err == nil && !st.IsDir() {
			return candidate, nil
		}
	}
	if p, err := exec.LookPath(execScriptName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("could not find %s next to the language host or on PATH", execScriptName)
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	tc, opts, err := resolveToolchain(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	script, err := findExecScript()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	if opts.typechecker != "" {
		if resp := h.typecheck(ctx, tc, opts.typechecker, req.GetPwd()); resp != nil {
			return resp, nil
		}
	}

	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "encoding config: %v", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "encoding secret config keys: %v", err)
	}

	program := info.GetEntryPoint()
	if program == "" {
		program = "."
	}
	args := []string{"-u", script,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.engine(),
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--parallel", fmt.Sprint(req.GetParallel()),
		"--dry_run", fmt.Sprint(req.GetDryRun()),
		"--pwd", req.GetPwd(),
	}
	if org := req.GetOrganization(); org != "" {
		args = append(args, "--organization", org)
	}
	if root := info.GetRootDirectory(); root != "" {
		args = append(args, "--root_directory", root)
	}
	if h.tracing != "" {
		args = append(args, "--tracing", h.tracing)
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	cmd.Dir = req.GetPwd()
	cmd.Env = withEnv(cmd,
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	logging.V(5).Infof("Run: %s %v (in %s)", cmd.Path, cmd.Args[1:], cmd.Dir)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code := exitErr.ExitCode()
			if code == exitCodeUserActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// typecheck runs the configured type checker over the program; a non-nil response
// means the program must not run.
func (h *languageHost) typecheck(
	ctx context.Context, tc toolchain.Toolchain, checker, dir string,
) *pulumirpc.RunResponse {
	cmd, err := tc.ModuleCommand(ctx, strings.ToLower(checker), dir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	cmd.Dir = dir
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("%s type checking failed: %v", checker, err)}
	}
	return nil
}

func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	tc, _, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return err
	}
	stdout := &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
	}}
	stderr := &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b})
	}}
	dir := req.GetDirectory()
	if dir == "" {
		dir = req.GetInfo().GetProgramDirectory()
	}
	return tc.InstallDependencies(server.Context(), dir, req.GetUseLanguageVersionTools(),
		true /*showOutput*/, stdout, stderr)
}

func (h *languageHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *languageHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	tc, opts, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	about, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	meta := map[string]string{"toolchain": opts.toolchain}
	if venv, err := tc.VirtualEnvPath(ctx); err == nil && venv != "" {
		meta["virtualenv"] = venv
	}
	return &pulumirpc.AboutResponse{
		Executable: about.PythonExecutable,
		Version:    about.PythonVersion.String(),
		Metadata:   meta,
	}, nil
}

func (h *languageHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	tc, _, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	pkgs, err := tc.ListPackages(ctx, req.GetTransitiveDependencies())
	if err != nil {
		return nil, err
	}
	deps := make([]*pulumirpc.DependencyInfo, 0, len(pkgs))
	for _, p := range pkgs {
		deps = append(deps, &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// RunPlugin runs a plugin written in Python: a policy pack (kind "analyzer", run
// through the SDK's `pulumi.policy` entry point) or a provider/other plugin (its
// program directory is run like a script). Output is streamed back to the CLI, which
// reads the plugin's port from it.
func (h *languageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	ctx := server.Context()
	tc, _, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return err
	}

	program := req.GetInfo().GetProgramDirectory()
	if program == "" {
		program = req.GetProgram()
	}
	var cmd *exec.Cmd
	if req.GetKind() == "analyzer" {
		// The SDK's policy entry point takes the engine address (the last of the
		// CLI's arguments, after any logging flags) and then the policy pack directory.
		cmd, err = tc.ModuleCommand(ctx, "pulumi.policy", append(req.GetArgs(), program)...)
	} else {
		cmd, err = tc.Command(ctx, append([]string{"-u", program}, req.GetArgs()...)...)
	}
	if err != nil {
		return err
	}
	cmd.Dir = req.GetPwd()
	// The CLI sends the complete environment for the plugin; activate the virtualenv on top.
	if env := req.GetEnv(); len(env) > 0 {
		cmd.Env = env
		if venv, err := tc.VirtualEnvPath(ctx); err == nil && venv != "" {
			cmd.Env = toolchain.ActivateVirtualEnv(env, venv)
		}
	}
	cmd.Stdout = &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	}}
	cmd.Stderr = &streamWriter{send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	}}

	code := 0
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = exitErr.ExitCode()
	}
	return server.Send(&pulumirpc.RunPluginResponse{
		Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}, //nolint:gosec // exit codes fit
	})
}

// streamWriter forwards each write to a gRPC stream; writes are serialised because a
// gRPC stream must not be sent on concurrently and stdout/stderr copy in parallel.
type streamWriter struct {
	send func([]byte) error
}

var streamMu sync.Mutex

func (w *streamWriter) Write(p []byte) (int, error) {
	buf := make([]byte, len(p))
	copy(buf, p)
	streamMu.Lock()
	defer streamMu.Unlock()
	if err := w.send(buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

var _ io.Writer = (*streamWriter)(nil)
